package y10promotedpointernotatshallowestdepth

import (
	"testing"

	"safeproofs/y10_promoted_pointer_not_at_shallowest_depth/conf"
)

func TestLimitReleasesLock(t *testing.T) {
	g := &Gate{cfg: conf.Config{A: conf.A{C: &conf.C{Limit: 3}}}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Limit did not panic with a nil B")
			}
		}()
		g.Limit()
	}()
	if !g.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	g.mu.Unlock()
}
