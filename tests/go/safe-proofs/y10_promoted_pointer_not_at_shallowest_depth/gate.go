// Package y10promotedpointernotatshallowestdepth: `g.cfg.Limit` reads B's
// field through the embedded pointer `g.cfg.B` (depth 1). Looking for the
// embedded pointer depth-first, through A first, finds A's `*C`, which also
// has a Limit (at depth 2): the nil check of `g.cfg.C` is then taken to
// guard the read. With B nil the read panics, and an explicit Unlock leaves
// the lock held after the recovered panic.
package y10promotedpointernotatshallowestdepth

import (
	"sync"

	"safeproofs/y10_promoted_pointer_not_at_shallowest_depth/conf"
)

// Gate admits up to a limit.
type Gate struct {
	mu    sync.Mutex
	cfg   conf.Config
	limit int
}

// Limit returns the configured limit, when there is a C.
func (g *Gate) Limit() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cfg.C != nil {
		g.limit = g.cfg.Limit
	}
	return g.limit
}
