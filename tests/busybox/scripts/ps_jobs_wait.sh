# several background jobs; wait for all, statuses in order
for i in 1 2 3; do sh -c "exit $i" & done
wait
echo "all waited"
sh -c 'exit 5' & p1=$!
sh -c 'exit 6' & p2=$!
wait $p2; echo "second $?"
wait $p1; echo "first $?"
