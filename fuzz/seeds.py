#!/usr/bin/env python3
"""Write the seed corpora fuzz/corpus/<harness>/ from tests/data and
tests/cli: each seed is the option byte(s) a harness reads first, then the
file(s), joined by NUL bytes (see the comment at the top of each harness).
Run from the top of the source tree; rewrites fuzz/corpus/."""
import gzip
import os
import shutil
import subprocess
import tempfile

T = 'tests/data'


def rd(p):
    with open(os.path.join(T, p), 'rb') as f:
        return f.read()


def put(h, name, data):
    d = os.path.join('fuzz/corpus', h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


shutil.rmtree('fuzz/corpus', ignore_errors=True)

# trace: byte 0 = layout | step << 2 | skip << 4 | columns << 5; byte 1 =
# files - 1 | azure side files << 2 | progress << 3
for name in sorted(os.listdir(T + '/traces')):
    if name.endswith('.csv') and os.path.getsize(T + '/traces/' + name) < 8000:
        put('trace', name, b'\x00\x00' + rd('traces/' + name))
put('trace', 'mapped_columns', bytes([2 << 5, 0]) + rd('traces/mapped.csv'))
put('trace', 'events_layout', bytes([2 | 1 << 2, 8]) + rd('traces/events.csv'))
put('trace', 'skip_5min', bytes([1 | 2 << 2 | 1 << 4, 0]) + rd('traces/skip.csv'))
put('trace', 'parts', bytes([0, 1]) + rd('traces/part_a.csv') + b'\0' +
    rd('traces/part_b.csv'))
az = 'traces/azure/'
put('trace', 'azure2019_side_files', bytes([3, 2 | 4]) +
    rd(az + 'invocations_per_function_md.anon.d03.csv')[:3000] + b'\0' +
    rd(az + 'function_durations_percentiles.anon.d03.csv') + b'\0' +
    rd(az + 'app_memory_percentiles.anon.d03.csv'))

# billing: byte 0 = dialect | skip << 2 | (files - 1) << 3 | progress << 5 |
# json << 6
for name in ('cur2.csv', 'cur_legacy.csv', 'focus12.csv'):
    put('billing', name, b'\x00' + rd('billing/' + name))
put('billing', 'cur_forced', b'\x01' + rd('billing/cur_legacy.csv'))
put('billing', 'cur2_forced_skip', bytes([2 | 4]) + rd('billing/cur2.csv'))
put('billing', 'focus_forced', bytes([3 | 32]) + rd('billing/focus12.csv'))
put('billing', 'two_files', bytes([1 << 3]) + rd('billing/cur2.csv') + b'\0' +
    rd('billing/focus12.csv'))
put('billing', 'cur_gz', b'\x00' + gzip.compress(rd('billing/cur_legacy.csv'), mtime=0))
# a partial aggregate, when the calculator is built
if os.path.exists('mipricing'):
    part = tempfile.mktemp(suffix='.json')
    subprocess.run(['./mipricing', 'retro', '--quiet', '--partial', part,
                    T + '/billing/cur_legacy.csv'], check=True, stdout=subprocess.DEVNULL)
    with open(part, 'rb') as f:
        put('billing', 'partial_json', b'\x40' + f.read())
    os.unlink(part)

# catalog: the text
for name in sorted(os.listdir(T + '/catalog')):
    put('catalog', name, rd('catalog/' + name))

# import: byte 0 = (files - 1) | regions << 2
for name in sorted(os.listdir(T + '/offers')):
    if name.endswith('.csv') and os.path.getsize(T + '/offers/' + name) < 12000:
        put('import', name, b'\x00' + rd('offers/' + name))
put('import', 'ec2_lambda', bytes([1]) + rd('offers/ec2.csv') + b'\0' +
    rd('offers/lambda.csv'))
put('import', 'tokyo_us_east', bytes([3 | 2 << 2]) + rd('offers/ec2.csv') + b'\0' +
    rd('offers/lambda.csv') + b'\0' + rd('offers/ec2_tokyo.csv') + b'\0' +
    rd('offers/lambda_tokyo.csv'))

# cli: the arguments of the golden cases, paths replaced by the harness's
# @ names (see fuzz_cli.c)
subst = [
    ('traces/doubling', '@t'), ('traces/events', '@e'), ('traces/', '@t'),
    ('billing/cur_legacy', '@b'), ('billing/focus', '@f'), ('billing/', '@b'),
    ('schedules/', '@s'), ('offers/ec2', '@o'), ('offers/lambda', '@l'),
    ('offers/', '@o'), ('catalog/', '@c'), ('azure2019/', '@t'),
    ('.json', '@j'),
]
for case in sorted(os.listdir('tests/cli')):
    p = os.path.join('tests/cli', case, 'args')
    if not os.path.exists(p):
        continue
    args = []
    for a in open(p).read().splitlines():
        if '@SRCDIR@' in a or '/' in a:
            for k, v in subst:
                if k in a:
                    a = a[:a.index('@SRCDIR@')] + v if a.startswith('--') else v
                    break
        args.append(a.encode())
    put('cli', case, b'\0'.join(args))
