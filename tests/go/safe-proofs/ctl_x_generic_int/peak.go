// Package ctlxgenericint (CONTROL): gen.Max instantiated with int: `a > b`
// cannot panic for any type argument (ordered comparisons never do), so the
// summary of the generic body proves it. (gen.Eq's `a == b` panics for an
// interface type argument holding a slice, x26_generic_helpers_panic_by_type_arg:
// the tool does not prove it per instantiation, so it is not used here.)
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
