import sys,re
def load(f):
    d={};cur=None
    for l in open(f):
        m=re.match(r'^([0-9a-f]+)-([0-9a-f]+)\s+(\S+)\s+\S+\s+\S+\s+\d+\s*(.*)$',l)
        if m:
            cur=(m.group(1),m.group(4).strip() or '[anon]'); d[cur]={'size':(int(m.group(2),16)-int(m.group(1),16))//1024}; continue
        m=re.match(r'^(\w+):\s+(\d+) kB',l)
        if m and cur: d[cur][m.group(1)]=int(m.group(2))
    return d
a=load(sys.argv[1]); b=load(sys.argv[2]); n=int(sys.argv[3])
rows=[]
for k in set(a)|set(b):
    pa=a.get(k,{}).get('Pss',0); pb=b.get(k,{}).get('Pss',0)
    if pa!=pb: rows.append((pb-pa,k,a.get(k,{}).get('size'),b.get(k,{}).get('size')))
rows.sort(reverse=True)
print("total pss delta KiB",sum(r[0] for r in rows), "per conn", sum(r[0] for r in rows)/n)
for r in rows[:25]: print(r)
