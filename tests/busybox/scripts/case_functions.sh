# case patterns, functions with return values and local variables
kind() { case "$1" in [0-9]*) echo number ;; *.sh) echo script ;; "") echo empty ;; *) echo word ;; esac; }
for x in 42 run.sh "" hello; do kind "$x"; done
f() { local v=inner; echo "in f: $v $#"; return 6; }
v=outer; f a b; echo "f returned $? v=$v"
