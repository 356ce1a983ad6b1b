package behaviour

// Get is a deliberately WRONG rewrite of tests/go/behaviour/get.go: the Unlock
// runs before the return expression reads the map, so the read races with Put.
// scripts/go-behaviour.sh copies the behaviour package, puts this file over its
// get.go and asserts that `go test -race` FAILS. That proves the race tests can
// catch the mistake the tool must never make (DESIGN.md §3, point 3).
func (s *Store) Get(k string) int {
	s.mu.Lock()
	s.mu.Unlock()
	return s.m[k]
}
