# trap '' INT ignores SIGINT; the ignore is inherited by a child shell; trap - INT restores it
trap '' INT
kill -INT $$
echo "survived SIGINT"
sh -c 'kill -INT $$; echo "child survived too"'
trap - INT
sh -c 'kill -INT $$; echo never'
echo "child killed: $?"
