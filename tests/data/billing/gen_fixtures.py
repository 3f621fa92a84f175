# Generates tests/data/billing/{cur_legacy,cur2,focus12}.csv from one table.
import csv, io
A='111122223333'
API='arn:aws:lambda:us-east-2:111122223333:function:api'
WRK='arn:aws:lambda:us-east-1:111122223333:function:worker'
# type, start, code, service name, usage type, op, resource, amount, unit, rate, cost, region, sp_eff, sp_total, sp_used, desc
rows=[
 ('Usage','2024-05-01T10:00:00Z','AWSLambda','AWS Lambda','USE2-Request','Invoke',API,'250000','Requests','0.0000002','0.05','us-east-2','NULL','NULL','NULL','Requests, x86\n(two lines)'),
 ('Usage','2024-05-01T10:00:00Z','AWSLambda','AWS Lambda','USE2-Lambda-GB-Second','Invoke',API,'12345.5','Lambda-GB-Second','0.0000166667','0.2057587','us-east-2','','','','Duration'),
 ('Usage','2024-05-01 10:30:00','AWSLambda','AWS Lambda','Lambda-GB-Second-ARM','Invoke',WRK,'5000','Lambda-GB-Second','0.0000133334','0.066667','NULL','NULL','NULL','NULL','Duration ARM'),
 ('Usage','2024-05-01T10:00:00Z','AWSLambda','AWS Lambda','Request-ARM','Invoke',WRK,'75','Requests','0.0000002','1.5E-5','NULL','','','','Requests ARM'),
 ('Usage','2024-05-01T11:00:00Z','AWSLambda','AWS Lambda','USE2-Lambda-Provisioned-Concurrency','Invoke',API,'3600','Lambda-GB-Second','0.0000041667','0.01500012','us-east-2','','','','PC'),
 ('SavingsPlanCoveredUsage','2024-05-01T11:00:00Z','AWSLambda','AWS Lambda','USE2-Lambda-GB-Second','Invoke',API,'1000','Lambda-GB-Second','0.0000166667','0.0166667','us-east-2','0.01375','','','Covered'),
 ('SavingsPlanNegation','2024-05-01T11:00:00Z','AWSLambda','AWS Lambda','USE2-Lambda-GB-Second','Invoke',API,'1000','Lambda-GB-Second','','-0.0166667','us-east-2','','','','Negation'),
 ('SavingsPlanRecurringFee','2024-05-01T11:00:00Z','ComputeSavingsPlans','Savings Plans for AWS Compute usage','ComputeSP:1yrNoUpfront','',"arn:aws:savingsplans::111122223333:savingsplan/abc",'1','Hrs','','0.02','','','0.02','0.01375','Fee'),
 ('Usage','2024-05-01T10:00:00Z','AmazonEC2','Amazon Elastic Compute Cloud','USE2-BoxUsage:m7g.xlarge','RunInstances','i-0abc','2','Hrs','0.1632','0.3264','us-east-2','','','','EC2'),
 ('Usage','2024-05-01T10:00:00Z','AWSLambda','AWS Lambda','USE2-Lambda-Managed-Instances-ManagementFee:m7g.xlarge','Invoke',API,'2','Hrs','0.02448','0.04896','us-east-2','','','','LMI fee'),
 ('Usage','2024-05-01T10:00:00Z','AmazonS3','Amazon Simple Storage Service','USE2-TimedStorage-ByteHrs','StandardStorage','my-bucket','1.5','GB-Mo','0.023','0.0345','us-east-2','NULL','NULL','NULL','S3, "quoted"'),
 ('Tax','2024-05-01T00:00:00Z','AWSLambda','AWS Lambda','','','','NULL','','','0.05','','','','','Tax'),
]
def num(s):
    return 0.0 if s in ('','NULL') else float(s)
def eff(r):
    t=r[0]
    if t=='SavingsPlanCoveredUsage': return r[12]
    if t=='SavingsPlanRecurringFee': return repr(num(r[13])-num(r[14]))
    if t=='SavingsPlanNegation': return '0'
    return r[10]
def lst(r):
    return repr(num(r[9])*num(r[7])) if r[9] not in ('','NULL') else '0'
def w(name, header, conv):
    out=io.StringIO()
    wr=csv.writer(out, lineterminator='\n')
    wr.writerow(header)
    for i,r in enumerate(rows): wr.writerow(conv(i,r))
    open(name,'w').write(out.getvalue())
w('cur_legacy.csv',['identity/LineItemId','identity/TimeInterval','lineItem/UsageAccountId','lineItem/LineItemType','lineItem/UsageStartDate','lineItem/ProductCode','lineItem/UsageType','lineItem/Operation','lineItem/ResourceId','lineItem/UsageAmount','lineItem/UnblendedRate','lineItem/UnblendedCost','lineItem/LineItemDescription','product/region','pricing/publicOnDemandRate','pricing/publicOnDemandCost','pricing/unit','savingsPlan/SavingsPlanEffectiveCost','savingsPlan/TotalCommitmentToDate','savingsPlan/UsedCommitment','reservation/EffectiveCost'],
  lambda i,r:['id%d'%i,'2024-05-01T00:00:00Z/2024-06-01T00:00:00Z',A,r[0],r[1],r[2],r[4],r[5],r[6],r[7],r[9],r[10],r[15],r[11],r[9],'NULL',r[8],r[12],r[13],r[14],'NULL'])
w('cur2.csv',['identity_line_item_id','identity_time_interval','line_item_usage_account_id','line_item_line_item_type','line_item_usage_start_date','line_item_product_code','line_item_usage_type','line_item_operation','line_item_resource_id','line_item_usage_amount','line_item_unblended_rate','line_item_unblended_cost','line_item_net_unblended_cost','line_item_line_item_description','product_region_code','pricing_public_on_demand_rate','pricing_public_on_demand_cost','pricing_unit','savings_plan_savings_plan_effective_cost','savings_plan_total_commitment_to_date','savings_plan_used_commitment','reservation_effective_cost'],
  lambda i,r:['id%d'%i,'2024-05-01T00:00:00Z/2024-06-01T00:00:00Z',A,r[0],r[1].replace('T',' ').replace('Z',''),r[2],r[4],r[5],r[6],r[7],r[9],r[10],'',r[15],r[11],r[9],'',r[8],r[12],r[13],r[14],''])
def cat(t):
    return {'Usage':'Usage','SavingsPlanCoveredUsage':'Usage','SavingsPlanNegation':'Usage','SavingsPlanRecurringFee':'Purchase','Tax':'Tax'}[t]
w('focus12.csv',['BillingAccountId','SubAccountId','ChargeCategory','ChargeClass','ChargePeriodStart','ChargePeriodEnd','ServiceName','x_ServiceCode','x_UsageType','ResourceId','RegionId','ConsumedQuantity','ConsumedUnit','PricingQuantity','PricingUnit','BilledCost','EffectiveCost','ListCost','ContractedCost','CommitmentDiscountType','SkuId','ChargeDescription','BillingCurrency'],
  lambda i,r:[A,A,cat(r[0]),'',r[1],'',r[3],r[2],r[4],r[6],'' if r[11]=='NULL' else r[11],r[7],r[8],r[7],r[8],r[10],eff(r),lst(r),r[10],'Savings Plan' if r[0].startswith('SavingsPlan') else '','SKU%d'%i,r[15],'USD'])
