# CPU accounting from /proc in clock ticks, sourced by run.sh and cluster.sh (not run on its own).
# Needs DB_NAME and WORK set; PGUSER (default postgres) is the role whose backends count.

# ticks PID -> utime + stime of the process (0 when it is gone)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# machine_busy -> busy ticks of all cores together
machine_busy() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
# pg_pids -> the PostgreSQL backends of $PGUSER on $DB_NAME
pg_pids() { ps -u postgres -o pid=,args= 2>/dev/null | awk -v pat=": ${PGUSER:-postgres} $DB_NAME " 'index($0, pat) {print $1}'; }
# pg_total -> cumulative ticks of every backend of $DB_NAME seen so far; one that has exited (a pool retiring a
# connection) counts with its last reading, so the total never goes backwards
pg_total() {
  local f=$WORK/pg-seen q
  touch "$f"
  { cat "$f"; for q in $(pg_pids); do awk -v p="$q" '{print p, $14 + $15}' "/proc/$q/stat" 2>/dev/null || true; done; } |
    awk '{t[$1] = $2} END {for (p in t) print p, t[p]}' > "$f.new"
  mv "$f.new" "$f"
  awk '{s += $2} END {print s + 0}' "$f"
}
