package ctlxvaluemethodchain

import (
	"testing"

	g "safeproofs/ctl_x_value_method_chain/geom"
)

func TestDist(t *testing.T) {
	tr := &Tracker{at: g.Point{X: 2, Y: 3}}
	if got := tr.Dist(); got != 5 {
		t.Fatalf("Dist() = %d", got)
	}
	if !tr.mu.TryLock() {
		t.Fatal("the mutex is left locked")
	}
	tr.mu.Unlock()
}
