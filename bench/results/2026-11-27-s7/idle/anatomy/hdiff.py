import sys,re
def load(f):
    d={}
    for l in open(f):
        m=re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)',l)
        if m: d[m.group(3)]=(int(m.group(1)),int(m.group(2)))
    return d
a=load(sys.argv[1]); b=load(sys.argv[2]); n=int(sys.argv[3]) if len(sys.argv)>3 else 1000
rows=[]
for k in set(a)|set(b):
    ia,ba=a.get(k,(0,0)); ib,bb=b.get(k,(0,0))
    rows.append((bb-ba,ib-ia,k))
rows.sort(reverse=True)
tot=sum(r[0] for r in rows)
print(f"total bytes delta {tot}  per conn {tot/n:.0f}")
for r in rows[:45]:
    print(f"{r[0]:>10} {r[0]/n:>8.1f} {r[1]:>8} {r[1]/n:>6.2f}  {r[2]}")
