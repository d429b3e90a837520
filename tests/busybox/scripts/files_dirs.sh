# files and folders: mkdir -p, touch, cp, mv, ln -s, readlink, rm -r, ls
d=$(mktemp -d); cd "$d"
mkdir -p a/b/c; touch a/b/c/f1 a/f2
cp a/f2 a/f3; mv a/f3 a/b/f4
ln -s b/f4 a/link
readlink a/link
ls a a/b | cat
rm -r a; test -e a || echo "removed"
