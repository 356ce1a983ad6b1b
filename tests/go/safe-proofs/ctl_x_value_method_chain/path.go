// Package ctlxvaluemethodchain (CONTROL): `t.at.Len()` calls a value-receiver
// method of geometry.Point (package geometry in directory geom, imported as g)
// on a field that is a Point value, not a pointer; Len calls num.Sum, and no
// body on the way can panic. The Safe fix is correct and must be applied.
package ctlxvaluemethodchain

import (
	"sync"

	g "safeproofs/ctl_x_value_method_chain/geom"
)

// Tracker tracks a point.
type Tracker struct {
	mu sync.Mutex
	at g.Point
}

// Dist returns the length of the tracked point.
func (t *Tracker) Dist() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.at.Len()
}
