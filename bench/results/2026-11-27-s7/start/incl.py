import sys, collections
# usage: incl.py file thread-substr pattern-substr [depth]
f, th, pat = sys.argv[1], sys.argv[2], sys.argv[3]
c = collections.Counter()
for line in open(f):
    st, n = line.rsplit(' ', 1); n = int(n)
    fr = st.split(';')
    if th not in fr[0]: continue
    seen = set()
    for x in fr[1:]:
        if pat in x and x not in seen:
            seen.add(x); c[x] += n
for k, v in c.most_common(int(sys.argv[4]) if len(sys.argv) > 4 else 60):
    print(v, k)
