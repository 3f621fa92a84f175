/*
 * cpus.c - how many CPUs this process may run on: its affinity mask (so that
 * taskset, cgroups' cpusets and containers are honoured), else the CPUs
 * online. The readers and the comparison size their threads by it.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <sched.h>
#include <unistd.h>

#include "internal.h"

long mip__cpus(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}
