// Package y1mapreceiverassumednonnil: `ix.tags.Add(k)` and `ix.seen.put(k)`
// call methods whose value receiver is a map (tags.Set of another package,
// this package's seen), and whose bodies only write to it. A summary that
// takes every receiver as not nil ("callers check it", as they do for a
// pointer receiver) proves the calls panic-free; with the fields left nil the
// map writes panic, and an explicit Unlock leaves the lock held.
package y1mapreceiverassumednonnil

import (
	"sync"

	"safeproofs/y1_map_receiver_assumed_non_nil/tags"
)

type seen map[string]int

func (s seen) put(k string) { s[k]++ }

// Index records tags.
type Index struct {
	mu   sync.Mutex
	tags tags.Set
	seen seen
}

// Tag records the tag k.
func (ix *Index) Tag(k string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.tags.Add(k)
}

// See counts k.
func (ix *Index) See(k string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.seen.put(k)
}
