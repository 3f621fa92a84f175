/*
 * sim.c - LMI's scaler and default Lambda, interval by interval over a series.
 *
 * The only module that knows time. Per interval of the series:
 *
 *   LMI      demand: concurrency by Little's law, busy vCPUs from CPU time.
 *            Ready environments serve it up to their concurrency and up to
 *            the saturation CPU utilization; the rest is throttled. At the
 *            end of each interval the scaler looks at the demand it saw (a
 *            metric period, some delay ago), sizes for it exactly as the
 *            steady-state model does (capacity.c), and starts environments
 *            on free room (env_start_s), launching instances for the rest
 *            (instance_launch_s). Lower demand must last scale_down_delay_s
 *            before environments are removed, a fraction of the surplus a
 *            minute; emptied instances bill instance_drain_s more.
 *            Environments or instances that become ready inside an interval
 *            count for the part of it they were ready.
 *   Lambda   environments needed = concurrency; those above the ones used
 *            in the last keep_alive_s are cold starts; growth is capped by
 *            the scaling rate and the account limit, the excess throttled.
 *
 * A steady series keeps the sizing it starts with, so its instance-hours are
 * those of mip_capacity_size() for the same workload.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void mip_scaler_init(mip_scaler_t *s)
{
    if (s) {
        mip_scaler_t d = MIP_SCALER_INIT;
        *s = d;
    }
}

void mip_lambda_sim_options_init(mip_lambda_sim_options_t *o)
{
    if (o) {
        mip_lambda_sim_options_t d = MIP_LAMBDA_SIM_OPTIONS_INIT;
        *o = d;
    }
}

static int check_series(const mip_series_t *s, mip_error_t *err)
{
    if (!s)
        return mip__fail(err, MIP_EINVAL, "no series given");
    if (s->n == 0 || !s->iv)
        return mip__fail(err, MIP_EINVAL, "the series has no intervals");
    if (!isfinite(s->step_s) || s->step_s <= 0.0)
        return mip__fail(err, MIP_EINVAL, "the series step must be above 0 s, not %g",
                         s->step_s);
    return MIP_OK;
}

/* Every interval with traffic needs a duration, from the series or shape. */
static int check_durations(const mip_series_t *s, const mip_workload_t *shape,
                           mip_error_t *err)
{
    if (isfinite(shape->duration_ms) && shape->duration_ms > 0.0)
        return MIP_OK;
    for (size_t i = 0; i < s->n; i++)
        if (s->iv[i].invocations > 0.0 &&
            !(isfinite(s->iv[i].duration_ms) && s->iv[i].duration_ms >= 0.0))
            return mip__fail(err, MIP_EINVAL,
                             "interval %zu of %s has invocations but no duration: give "
                             "a default duration",
                             i,
                             s->function && s->function[0] ? s->function : "the series");
    return MIP_OK;
}

static int check_scaler(const mip_scaler_t *sc, mip_error_t *err)
{
    struct {
        const char *name;
        double v, lo, hi;
    } f[] = {{"metric_period_s", sc->metric_period_s, 1.0, 86400.0},
             {"metric_delay_s", sc->metric_delay_s, 0.0, 86400.0},
             {"env_start_s", sc->env_start_s, 0.0, 86400.0},
             {"instance_launch_s", sc->instance_launch_s, 0.0, 86400.0},
             {"scale_down_delay_s", sc->scale_down_delay_s, 0.0, 30.0 * 86400.0},
             {"scale_down_fraction", sc->scale_down_fraction, 1e-6, 1.0},
             {"instance_drain_s", sc->instance_drain_s, 0.0, 86400.0},
             {"saturation_cpu", sc->saturation_cpu, 0.01, 1.0}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        int rc = mip__check_range(err, f[i].name, f[i].v, f[i].lo, f[i].hi);
        if (rc != MIP_OK)
            return rc;
    }
    return MIP_OK;
}

/* What one interval asks for. */
typedef struct demand {
    double inv;    /* invocations offered */
    double conc;   /* mean concurrency */
    double vcpu;   /* busy vCPUs */
    double dur_ms; /* duration per invocation */
} demand_t;

static demand_t demand_at(const mip_series_t *s, size_t i, const mip_workload_t *shape)
{
    const mip_interval_t *iv = &s->iv[i];
    demand_t d;
    d.inv = iv->invocations > 0.0 && isfinite(iv->invocations) ? iv->invocations : 0.0;
    d.dur_ms = isfinite(iv->duration_ms) && iv->duration_ms >= 0.0 ? iv->duration_ms
                                                                   : shape->duration_ms;
    double cpu_ms = isfinite(iv->cpu_ms) && iv->cpu_ms >= 0.0 ? iv->cpu_ms
                    : shape->cpu_ms >= 0.0                    ? shape->cpu_ms
                                                              : d.dur_ms;
    double rate = d.inv / s->step_s;
    d.conc = rate * d.dur_ms / 1000.0;
    d.vcpu = rate * cpu_ms / 1000.0;
    return d;
}

/* ------------------------------------------------------------------------ */
/* LMI                                                                       */

#define MAX_BATCHES 256

/* Things that become ready (or end) at a time. */
typedef struct batch {
    double at;
    double count;
    double envs; /* instances: environments waiting for them */
} batch_t;

typedef struct queue {
    batch_t b[MAX_BATCHES];
    size_t n;
} queue_t;

static void push(queue_t *q, double at, double count, double envs)
{
    if (count <= 0.0)
        return;
    for (size_t i = 0; i < q->n; i++)
        if (q->b[i].at == at) {
            q->b[i].count += count;
            q->b[i].envs += envs;
            return;
        }
    if (q->n == MAX_BATCHES) {
        /* Merge into the latest batch: later, never earlier, than asked. */
        size_t last = 0;
        for (size_t i = 1; i < q->n; i++)
            if (q->b[i].at > q->b[last].at)
                last = i;
        q->b[last].count += count;
        q->b[last].envs += envs;
        if (at > q->b[last].at)
            q->b[last].at = at;
        return;
    }
    q->b[q->n].at = at;
    q->b[q->n].count = count;
    q->b[q->n].envs = envs;
    q->n++;
}

static double total(const queue_t *q)
{
    double t = 0.0;
    for (size_t i = 0; i < q->n; i++)
        t += q->b[i].count;
    return t;
}

/* The part of [t0, t1) that items of q are ready in, summed over items. */
static double ready_share(const queue_t *q, double t0, double t1)
{
    double s = 0.0;
    for (size_t i = 0; i < q->n; i++)
        if (q->b[i].at < t1)
            s += q->b[i].count * (t1 - mip__max(q->b[i].at, t0)) / (t1 - t0);
    return s;
}

typedef struct lmi_state {
    double envs;         /* ready */
    queue_t env_pending; /* environments starting on ready instances */
    double inst;         /* ready instances */
    queue_t inst_pending;
    queue_t draining;   /* .at = when they stop billing */
    double below_since; /* when demand fell below the environments; NAN */
} lmi_state_t;

typedef struct lmi_env {
    double conc;     /* per environment */
    double vcpu;     /* per environment */
    double epi;      /* environments per instance */
    double max_inst; /* MaxVCpuCount / instance vCPU */
    double max_envs; /* max_envs or HUGE_VAL */
    double min_envs;
    double min_inst;
    double target;
    double saturation;
} lmi_env_t;

/* The series as the scaler and the environments see it, computed once for
 * every instance type: what each interval offers, and the environments the
 * scaler wants after it (before the caps of an instance type). */
struct mip__lmi_prep {
    size_t n;
    double start_s, step_s;
    double *inv, *conc, *vcpu, *want;
    lmi_env_t e; /* without the instance's fields */
    mip_workload_t shape;
    mip_lmi_config_t c;
    mip_scaler_t sc;
};

size_t mip__lmi_prep_length(const mip__lmi_prep_t *p) { return p->n; }

double mip__lmi_prep_demand_envs(const mip__lmi_prep_t *p, size_t i)
{
    if (i >= p->n)
        return 0.0;
    return mip__max(p->conc[i] / p->e.conc, p->vcpu[i] / (p->e.vcpu * p->e.saturation));
}

void mip__lmi_prep_free(mip__lmi_prep_t *p)
{
    if (!p)
        return;
    free(p->inv);
    free(p->conc);
    free(p->vcpu);
    free(p->want);
    free(p);
}

int mip__lmi_prepare(const mip_series_t *series, const mip_workload_t *shape,
                     const mip_lmi_config_t *c, const mip_scaler_t *scaler,
                     mip__lmi_prep_t **out, mip_error_t *err)
{
    *out = NULL;
    int rc = check_series(series, err);
    if (rc == MIP_OK)
        rc = check_durations(series, shape, err);
    if (rc == MIP_OK)
        rc = check_scaler(scaler, err);
    if (rc == MIP_OK)
        rc = mip_lmi_config_check(c, shape->runtime, err);
    if (rc != MIP_OK)
        return rc;
    long conc;
    int memory_bound;
    if ((rc = mip__env_concurrency(shape, c, &conc, &memory_bound, err)) != MIP_OK)
        return rc;
    mip__lmi_prep_t *p = calloc(1, sizeof *p);
    if (!p)
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    size_t n = series->n;
    p->n = n;
    p->start_s = series->start_s;
    p->step_s = series->step_s;
    p->shape = *shape;
    p->c = *c;
    p->sc = *scaler;
    p->e.conc = (double)conc;
    p->e.vcpu = c->memory_mb / 1024.0 / c->memory_gib_per_vcpu;
    p->e.min_envs = (double)c->min_envs;
    p->e.target = c->target_cpu;
    p->e.saturation = fmax(scaler->saturation_cpu, c->target_cpu);
    p->inv = malloc(n * sizeof *p->inv);
    p->conc = malloc(n * sizeof *p->conc);
    p->vcpu = malloc(n * sizeof *p->vcpu);
    p->want = malloc(n * sizeof *p->want);
    if (!p->inv || !p->conc || !p->vcpu || !p->want) {
        mip__lmi_prep_free(p);
        return mip__fail(err, MIP_ENOMEM, "out of memory for %zu intervals", n);
    }
    for (size_t i = 0; i < n; i++) {
        demand_t d = demand_at(series, i, shape);
        p->inv[i] = d.inv;
        p->conc[i] = d.conc;
        p->vcpu[i] = d.vcpu;
    }
    /* The scaler's view at the end of interval i: the mean demand over the
     * metric window ending `delay` intervals earlier (running sums). */
    const double step = series->step_s;
    const size_t window = (size_t)fmax(1.0, floor(scaler->metric_period_s / step + 0.5));
    const size_t delay = (size_t)floor(scaler->metric_delay_s / step + 0.5);
    mip__sum_t sc = MIP__SUM_INIT, sv = MIP__SUM_INIT;
    size_t lo = 0, hi = 0; /* the window is [lo, hi) */
    for (size_t i = 0; i < n; i++) {
        size_t j = i >= delay ? i - delay : 0;
        while (hi <= j) {
            mip__sum_add(&sc, p->conc[hi]);
            mip__sum_add(&sv, p->vcpu[hi]);
            hi++;
        }
        while (hi - lo > window) {
            mip__sum_add(&sc, -p->conc[lo]);
            mip__sum_add(&sv, -p->vcpu[lo]);
            lo++;
        }
        demand_t seen;
        seen.conc = mip__max(0.0, mip__sum_value(&sc) / (double)(hi - lo));
        seen.vcpu = mip__max(0.0, mip__sum_value(&sv) / (double)(hi - lo));
        double w = (double)mip__envs_for(seen.conc, p->e.conc);
        double by_cpu = (double)mip__envs_for(seen.vcpu, p->e.vcpu * p->e.target);
        if (by_cpu > w)
            w = by_cpu;
        p->want[i] = w; /* the minimum applies in the run: schedules change it */
    }
    *out = p;
    return MIP_OK;
}

/* Environments the scaler wants, within the caps; *capped set if cut. */
static double capped(const lmi_env_t *e, double w, int *cut)
{
    double cap = mip__min(e->max_envs, e->max_inst * e->epi);
    *cut = w > cap;
    return w > cap ? cap : w;
}

static double instances_for(const lmi_env_t *e, double envs)
{
    if (envs <= 0.0)
        return 0.0;
    double n = mip__ceil_eps(envs / e->epi);
    return n < e->min_inst ? e->min_inst : n;
}

/* Move what is ready by time t out of the queues. */
static void promote(lmi_state_t *st, double t, double env_start_s)
{
    for (size_t i = 0; i < st->inst_pending.n;) {
        batch_t *b = &st->inst_pending.b[i];
        if (b->at <= t) {
            st->inst += b->count;
            push(&st->env_pending, b->at + env_start_s, b->envs, 0.0);
            *b = st->inst_pending.b[--st->inst_pending.n];
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < st->env_pending.n;) {
        batch_t *b = &st->env_pending.b[i];
        if (b->at <= t) {
            st->envs += b->count;
            *b = st->env_pending.b[--st->env_pending.n];
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < st->draining.n;) {
        if (st->draining.b[i].at <= t)
            st->draining.b[i] = st->draining.b[--st->draining.n];
        else
            i++;
    }
}

/* Environments assigned to instances that are still launching. */
static double envs_on_pending(const lmi_state_t *st)
{
    double s = 0.0;
    for (size_t i = 0; i < st->inst_pending.n; i++)
        s += st->inst_pending.b[i].envs;
    return s;
}

static void scale_up(lmi_state_t *st, const lmi_env_t *e, const mip_scaler_t *sc,
                     double t, double k)
{
    /* free room on ready instances */
    double on_ready = st->envs + total(&st->env_pending);
    double free_ready = st->inst * e->epi - on_ready;
    if (free_ready > 0.0) {
        double x = fmin(k, free_ready);
        push(&st->env_pending, t + sc->env_start_s, x, 0.0);
        k -= x;
    }
    /* free room on instances already launching */
    for (size_t i = 0; i < st->inst_pending.n && k > 0.0; i++) {
        batch_t *b = &st->inst_pending.b[i];
        double room = b->count * e->epi - b->envs;
        if (room > 0.0) {
            double x = fmin(k, room);
            b->envs += x;
            k -= x;
        }
    }
    if (k <= 0.0)
        return;
    /* launch instances for the rest, and up to the floor (after a
     * deactivation), within MaxVCpuCount */
    double have = st->inst + total(&st->inst_pending);
    double m = mip__ceil_eps(k / e->epi);
    if (have + m < e->min_inst)
        m = e->min_inst - have;
    if (have + m > e->max_inst)
        m = e->max_inst - have;
    if (m <= 0.0)
        return;
    push(&st->inst_pending, t + sc->instance_launch_s, m, fmin(k, m * e->epi));
}

static void scale_down(lmi_state_t *st, const lmi_env_t *e, const mip_scaler_t *sc,
                       double t, double step_s, double want)
{
    /* cancel environments not started yet, then stop ready ones */
    double surplus = st->envs + total(&st->env_pending) + envs_on_pending(st) - want;
    double remove = mip__ceil_eps(surplus * sc->scale_down_fraction * step_s / 60.0);
    if (remove > surplus)
        remove = surplus;
    for (size_t i = 0; i < st->env_pending.n && remove > 0.0; i++) {
        double x = fmin(remove, st->env_pending.b[i].count);
        st->env_pending.b[i].count -= x;
        remove -= x;
    }
    for (size_t i = 0; i < st->inst_pending.n && remove > 0.0; i++) {
        double x = fmin(remove, st->inst_pending.b[i].envs);
        st->inst_pending.b[i].envs -= x;
        remove -= x;
    }
    if (remove > 0.0) {
        double x = fmin(remove, st->envs - e->min_envs);
        if (x > 0.0)
            st->envs -= x;
    }
    /* instances left with nothing to run drain away */
    double envs = st->envs + total(&st->env_pending);
    double keep = instances_for(e, envs);
    if (keep < e->min_inst)
        keep = e->min_inst;
    double spare = st->inst - keep;
    if (spare > 0.0) {
        st->inst -= spare;
        push(&st->draining, t + sc->instance_drain_s, spare, 0.0);
    }
}

int mip__lmi_run(const mip__lmi_prep_t *p, const mip_instance_t *inst, mip_lmi_sim_t *out,
                 mip_sim_interval_t *iv, mip_error_t *err)
{
    /* The instance against every rule, and what fits on it. */
    mip_workload_t w0 = p->shape;
    w0.rps = 0.0;
    if (!(w0.duration_ms > 0.0))
        w0.duration_ms = 1.0;
    mip_lmi_sizing_t sz;
    int rc = mip_capacity_size(&w0, &p->c, inst, &sz, err);
    if (rc != MIP_OK)
        return rc;
    const mip_lmi_config_t *c = &p->c;
    const mip_scaler_t *scaler = &p->sc;
    lmi_env_t e = p->e;
    e.epi = (double)sz.envs_per_instance;
    e.max_inst = floor((double)c->max_vcpu / inst->vcpu);
    e.max_envs = c->max_envs == MIP_UNLIMITED ? HUGE_VAL : (double)c->max_envs;
    e.min_inst = c->max_envs == 0 ? 0.0 : (double)c->min_instances;
    if (e.max_inst < 1.0 || (e.min_inst > e.max_inst && c->max_envs != 0))
        return mip__fail(err, MIP_EINFEASIBLE,
                         "MaxVCpuCount %ld holds fewer than %g instances of %s",
                         c->max_vcpu, e.min_inst, inst->type);

    memset(out, 0, sizeof *out);
    out->instance = inst;
    const double step = p->step_s;

    lmi_state_t st;
    memset(&st, 0, sizeof st);
    int cut;
    /* sized for the first interval's own demand, as if running already */
    double w_first = (double)mip__envs_for(p->conc[0], e.conc);
    double w_cpu = (double)mip__envs_for(p->vcpu[0], e.vcpu * e.target);
    if (w_cpu > w_first)
        w_first = w_cpu;
    if (w_first < e.min_envs)
        w_first = e.min_envs;
    st.envs = capped(&e, w_first, &cut);
    st.inst = instances_for(&e, st.envs);
    st.below_since = NAN;

    mip__sum_t hours = MIP__SUM_INIT, served_sum = MIP__SUM_INIT, thr_sum = MIP__SUM_INIT,
               util_sum = MIP__SUM_INIT, failed = MIP__SUM_INIT;
    const double per_conc = e.conc, per_vcpu = e.vcpu * e.saturation;
    const mip_schedule_t *sched = scaler->schedule;
    const lmi_env_t base_e = e;
    if (sched) {
        /* the first interval as its window has it */
        const mip_schedule_window_t *w0w = mip_schedule_find(sched, p->start_s);
        if (w0w && w0w->max_envs == 0) {
            st.envs = 0.0;
            st.inst = 0.0;
        } else if (w0w) {
            double lo = (double)w0w->min_envs;
            if (st.envs < lo)
                st.envs = lo;
            if (w0w->max_envs != MIP_UNLIMITED && st.envs > (double)w0w->max_envs)
                st.envs = (double)w0w->max_envs;
            st.inst = instances_for(&e, st.envs);
        }
    }

    for (size_t i = 0; i < p->n; i++) {
        double t0 = p->start_s + (double)i * step, t1 = t0 + step;
        if (st.inst_pending.n || st.env_pending.n || st.draining.n)
            promote(&st, t0, scaler->env_start_s);
        double inv = p->inv[i], dc = p->conc[i], dv = p->vcpu[i];
        int off = 0; /* deactivated by the schedule during this interval */
        if (sched) {
            const mip_schedule_window_t *w = mip_schedule_find(sched, t0);
            off = w && w->max_envs == 0;
        }
        if (off) {
            mip__sum_add(&failed, inv);
            inv = dc = dv = 0.0;
        }

        /* serve what the ready environments can */
        double envs_eff = st.envs;
        if (st.env_pending.n)
            envs_eff += ready_share(&st.env_pending, t0, t1);
        double frac = 1.0;
        if (dc > envs_eff * per_conc)
            frac = envs_eff * per_conc / dc;
        if (dv > envs_eff * per_vcpu && envs_eff * per_vcpu / dv < frac)
            frac = envs_eff * per_vcpu / dv;
        if (frac < 0.0)
            frac = 0.0;
        double served = inv * frac, throttled = inv - served;
        double util = envs_eff > 0.0 ? dv * frac / (envs_eff * e.vcpu) : 0.0;
        mip__sum_add(&served_sum, served);
        if (throttled > 0.0) {
            mip__sum_add(&thr_sum, throttled);
            out->throttled_intervals++;
        }
        mip__sum_add(&util_sum, util * served);

        /* bill: ready and launching instances, and draining ones while they run */
        double billed = st.inst;
        if (st.inst_pending.n)
            billed += total(&st.inst_pending);
        for (size_t k = 0; k < st.draining.n; k++)
            billed +=
                st.draining.b[k].count * (mip__min(st.draining.b[k].at, t1) - t0) / step;
        mip__sum_add(&hours, billed * step / 3600.0);
        if ((long)st.envs > out->peak_envs)
            out->peak_envs = (long)st.envs;
        if (billed > (double)out->peak_instances)
            out->peak_instances = (long)ceil(billed);
        if (iv) {
            iv[i].lmi_envs = envs_eff;
            iv[i].lmi_instances = billed;
            iv[i].lmi_served = served;
            iv[i].lmi_throttled = throttled;
            iv[i].lmi_cpu_utilization = util;
        }

        if (sched) {
            /* the limits in force when the scaler acts */
            const mip_schedule_window_t *w = mip_schedule_find(sched, t1);
            e = base_e;
            if (w) {
                e.min_envs = (double)w->min_envs;
                e.max_envs =
                    w->max_envs == MIP_UNLIMITED ? HUGE_VAL : (double)w->max_envs;
                if (w->max_envs == 0)
                    e.min_inst = 0.0;
            }
            if (w && w->max_envs == 0) {
                /* deactivated: every environment stops, instances drain */
                st.envs = 0.0;
                st.env_pending.n = 0;
                if (st.inst + total(&st.inst_pending) > 0.0)
                    push(&st.draining, t1 + scaler->instance_drain_s,
                         st.inst + total(&st.inst_pending), 0.0);
                st.inst = 0.0;
                st.inst_pending.n = 0;
                st.below_since = NAN;
                continue;
            }
        }
        double raw = p->want[i] < e.min_envs ? e.min_envs : p->want[i];
        double want = capped(&e, raw, &cut);
        if (cut)
            out->capped_intervals++;
        double planned = st.envs;
        if (st.env_pending.n || st.inst_pending.n)
            planned += total(&st.env_pending) + envs_on_pending(&st);
        if (want > planned + 1e-9) {
            st.below_since = NAN;
            scale_up(&st, &e, scaler, t1, want - planned);
        } else if (want < planned - 1e-9) {
            if (isnan(st.below_since))
                st.below_since = t1;
            if (t1 - st.below_since >= scaler->scale_down_delay_s)
                scale_down(&st, &e, scaler, t1, step, want);
        } else {
            st.below_since = NAN;
        }
    }
    out->requests = mip__sum_value(&served_sum);
    out->throttled_requests = mip__sum_value(&thr_sum);
    out->failed_requests = mip__sum_value(&failed);
    out->instance_hours = mip__sum_value(&hours);
    out->mean_cpu_utilization =
        out->requests > 0.0 ? mip__sum_value(&util_sum) / out->requests : 0.0;
    return MIP_OK;
}

int mip_sim_lmi(const mip_series_t *series, const mip_workload_t *shape,
                const mip_lmi_config_t *c, const mip_scaler_t *scaler,
                const mip_instance_t *inst, mip_lmi_sim_t *out, mip_sim_interval_t *iv,
                mip_error_t *err)
{
    mip_error_clear(err);
    if (!series || !shape || !c || !scaler || !inst || !out)
        return mip__fail(err, MIP_EINVAL, "mip_sim_lmi: NULL argument");
    mip__lmi_prep_t *p;
    int rc = mip__lmi_prepare(series, shape, c, scaler, &p, err);
    if (rc != MIP_OK)
        return rc;
    rc = mip__lmi_run(p, inst, out, iv, err);
    mip__lmi_prep_free(p);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Default Lambda                                                            */

/* A sliding maximum over the last k values (a monotonic deque in a ring). */
typedef struct slide {
    double *val;
    size_t *idx;
    size_t cap, head, len;
} slide_t;

static void slide_push(slide_t *s, size_t i, double v, size_t k)
{
    while (s->len > 0 && s->idx[s->head] + k <= i) {
        s->head = (s->head + 1) % s->cap;
        s->len--;
    }
    while (s->len > 0 && s->val[(s->head + s->len - 1) % s->cap] <= v)
        s->len--;
    size_t at = (s->head + s->len) % s->cap;
    s->val[at] = v;
    s->idx[at] = i;
    s->len++;
}

static double slide_max(slide_t *s, size_t i, size_t k)
{
    while (s->len > 0 && s->idx[s->head] + k <= i) {
        s->head = (s->head + 1) % s->cap;
        s->len--;
    }
    return s->len > 0 ? s->val[s->head] : 0.0;
}

int mip_sim_lambda(const mip_series_t *series, const mip_workload_t *shape,
                   double memory_mb, const mip_lambda_sim_options_t *o,
                   mip_lambda_sim_t *out, mip_sim_interval_t *iv, mip_error_t *err)
{
    mip_error_clear(err);
    if (!series || !shape || !o || !out)
        return mip__fail(err, MIP_EINVAL, "mip_sim_lambda: NULL argument");
    int rc = check_series(series, err);
    if (rc == MIP_OK)
        rc = check_durations(series, shape, err);
    if (rc != MIP_OK)
        return rc;
    if ((rc = mip__check_range(err, "memory_mb", memory_mb, 128.0, 10240.0)) ||
        (rc = mip__check_range(err, "keep_alive_s", o->keep_alive_s, 0.0, 86400.0)) ||
        (rc = mip__check_range(err, "account_concurrency", o->account_concurrency, 1.0,
                               1e9)) ||
        (rc = mip__check_range(err, "scale_per_10s", o->scale_per_10s, 1.0, 1e9)))
        return rc;
    if (!isfinite(shape->duration_ms) || shape->duration_ms < 0.0)
        return mip__fail(err, MIP_ERANGE, "duration must be 0 ms or more, not %g",
                         shape->duration_ms);

    memset(out, 0, sizeof *out);
    const double step = series->step_s;
    const size_t k = (size_t)fmax(1.0, ceil(o->keep_alive_s / step));
    slide_t sl;
    sl.cap = k + 1;
    sl.head = sl.len = 0;
    sl.val = malloc(sl.cap * sizeof *sl.val);
    sl.idx = malloc(sl.cap * sizeof *sl.idx);
    if (!sl.val || !sl.idx) {
        free(sl.val);
        free(sl.idx);
        return mip__fail(err, MIP_ENOMEM, "out of memory");
    }
    const double gb = memory_mb / 1024.0;
    const double burst = o->scale_per_10s * step / 10.0;
    mip__sum_t gbs = MIP__SUM_INIT, served_sum = MIP__SUM_INIT, thr_sum = MIP__SUM_INIT,
               cold = MIP__SUM_INIT;

    for (size_t i = 0; i < series->n; i++) {
        demand_t d = demand_at(series, i, shape);
        const mip_interval_t *x = &series->iv[i];
        double need = isfinite(x->max_concurrency) && x->max_concurrency > d.conc
                          ? x->max_concurrency
                          : d.conc;
        /* warm: environments used in the keep-alive window before this one;
         * the series starts warm for its first interval */
        double warm = i == 0 ? ceil(need) : slide_max(&sl, i, k);
        double cap = mip__min(o->account_concurrency, warm + burst);
        double used = mip__min(need, cap);
        double frac = need > 0.0 ? used / need : 1.0;
        double served = d.inv * frac;
        double starts = mip__max(0.0, ceil(used) - warm);
        double billed_ms = d.inv > 0.0 ? mip__max(1.0, ceil(d.dur_ms - 1e-9)) : 0.0;
        double g = served * billed_ms / 1000.0 * gb;
        mip__sum_add(&gbs, g);
        mip__sum_add(&served_sum, served);
        mip__sum_add(&thr_sum, d.inv - served);
        mip__sum_add(&cold, starts);
        if (need > out->peak_concurrency)
            out->peak_concurrency = need;
        slide_push(&sl, i, ceil(used), k);
        if (iv) {
            iv[i].lambda_concurrency = need;
            iv[i].lambda_cold_starts = starts;
            iv[i].lambda_throttled = d.inv - served;
            iv[i].lambda_gb_s = g;
        }
    }
    free(sl.val);
    free(sl.idx);
    out->requests = mip__sum_value(&served_sum);
    out->throttled_requests = mip__sum_value(&thr_sum);
    out->gb_s = mip__sum_value(&gbs);
    out->cold_starts = mip__sum_value(&cold);
    return MIP_OK;
}
