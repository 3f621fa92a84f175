# Generates retro_month.csv: a legacy CUR export with Lambda usage of two
# functions of one account, for repricing and projection tests.
#
# api    x86_64, us-east-1 (usage types without prefix), 48 hours from
#        2024-05-01T00:00Z: each hour 360,000 requests (100/s) and 36,000
#        GB-s (100 ms at 1024 MB). Hour 30 is covered by a Savings Plan
#        (SavingsPlanCoveredUsage + SavingsPlanNegation).
# thumb  arm64, eu-west-1 ("EU-" prefix), 24 hours of 2024-05-03: each hour
#        3,600 requests and 1,800 GB-s (500 ms at 1024 MB).
#
# The account's free tier (1M requests, 400,000 GB-s a month) is consumed in
# time order: all of it by api, which crosses the boundary in its hour 2
# (requests: 2 x 360,000 = 720,000 free, 280,000 of hour 2) and hour 11
# (GB-s: 11 x 36,000 = 396,000 free, 4,000 of hour 11). The unblended cost
# of each row is its usage beyond the free tier at the public rate.
import csv
A = '111122223333'
API = 'arn:aws:lambda:us-east-1:111122223333:function:api'
THB = 'arn:aws:lambda:eu-west-1:111122223333:function:thumb'
X86_GBS, ARM_GBS, REQ = 0.0000166667, 0.0000133334, 0.0000002
header = ['identity/LineItemId', 'identity/TimeInterval', 'lineItem/UsageAccountId',
          'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate',
          'lineItem/ProductCode', 'lineItem/UsageType', 'lineItem/Operation',
          'lineItem/ResourceId', 'lineItem/UsageAmount', 'lineItem/UnblendedRate',
          'lineItem/UnblendedCost', 'product/region', 'pricing/publicOnDemandRate',
          'savingsPlan/SavingsPlanEffectiveCost']
rows = []
free_req, free_gbs = 1e6, 4e5
def add(t, hour, ut, res, amount, rate, cost, region, sp=''):
    day, h = divmod(hour, 24)
    start = '2024-05-%02dT%02d:00:00Z' % (day + 1, h)
    d2, h2 = divmod(hour + 1, 24)
    end = '2024-05-%02dT%02d:00:00Z' % (d2 + 1, h2)
    rows.append(['r%d' % len(rows), '2024-05-01T00:00:00Z/2024-06-01T00:00:00Z', A, t,
                 start, end, 'AWSLambda', ut, 'Invoke', res, repr(amount), repr(rate),
                 repr(cost), region, repr(rate), sp])
for hour in range(48):
    req, gbs = 360000.0, 36000.0
    f = min(req, free_req); free_req -= f
    add('Usage', hour, 'Request', API, req, REQ, (req - f) * REQ, 'us-east-1')
    f = min(gbs, free_gbs); free_gbs -= f
    if hour == 30:
        add('SavingsPlanCoveredUsage', hour, 'Lambda-GB-Second', API, gbs, X86_GBS,
            gbs * X86_GBS, 'us-east-1', repr(gbs * X86_GBS * 0.83))
        add('SavingsPlanNegation', hour, 'Lambda-GB-Second', API, gbs, X86_GBS,
            -gbs * X86_GBS, 'us-east-1')
    else:
        add('Usage', hour, 'Lambda-GB-Second', API, gbs, X86_GBS, (gbs - f) * X86_GBS,
            'us-east-1')
for hour in range(48, 72):
    add('Usage', hour, 'EU-Request-ARM', THB, 3600.0, REQ, 3600.0 * REQ, 'eu-west-1')
    add('Usage', hour, 'EU-Lambda-GB-Second-ARM', THB, 1800.0, ARM_GBS,
        1800.0 * ARM_GBS, 'eu-west-1')
with open('retro_month.csv', 'w', newline='') as out:
    w = csv.writer(out, lineterminator='\n')
    w.writerow(header)
    w.writerows(rows)
