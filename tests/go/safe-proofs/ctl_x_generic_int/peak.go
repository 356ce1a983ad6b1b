// Package ctlxgenericint (CONTROL): gen.Max and gen.Eq instantiated with int:
// `a > b` and `a == b` on ints cannot panic (compare
// x26_generic_helpers_panic_by_type_arg, with `any`). The Safe fixes are
// correct and must be applied.
package ctlxgenericint

import (
	"sync"

	"safeproofs/ctl_x_generic_int/gen"
)

// Peak keeps the highest value seen.
type Peak struct {
	mu  sync.Mutex
	top int
}

// See records v and returns the peak.
func (p *Peak) See(v int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.top = gen.Max(p.top, v)
	return p.top
}

// Is reports whether v is the peak.
func (p *Peak) Is(v int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return gen.Eq(p.top, v)
}
