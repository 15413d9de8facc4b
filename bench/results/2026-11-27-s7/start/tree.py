import sys, collections
# tree.py file thread-substr min [root-substr]
f, th, mn = sys.argv[1], sys.argv[2], int(sys.argv[3]); root = sys.argv[4] if len(sys.argv) > 4 else None
tree = {}
def add(node, frames, n):
    node.setdefault('#', 0); node['#'] += n
    if frames:
        add(node.setdefault(frames[0], {}), frames[1:], n)
top = {}
for line in open(f):
    st, n = line.rsplit(' ', 1); n = int(n); fr = st.split(';')
    if th not in fr[0]: continue
    fr = fr[1:]
    if root:
        idx = [i for i, x in enumerate(fr) if root in x]
        if not idx: continue
        fr = fr[idx[0]:]
    add(top, fr, n)
def pr(node, d):
    for k, v in sorted(((k, v) for k, v in node.items() if k != '#'), key=lambda kv: -kv[1]['#']):
        if v['#'] < mn: continue
        print('  ' * d + str(v['#']) + ' ' + k[:150])
        pr(v, d + 1)
pr(top, 0)
