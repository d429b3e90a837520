# the seed's lesson: trap "rm -f files; exit" 2, then SIGINT arrives
WORKDIR=$(mktemp -d)
trap "rm -f $WORKDIR/work1$$ $WORKDIR/dataout$$; echo interrupted, cleaned; exit 1" 2
echo x > $WORKDIR/work1$$
echo y > $WORKDIR/dataout$$
ls $WORKDIR | wc -l
kill -INT $$
echo "not reached"
