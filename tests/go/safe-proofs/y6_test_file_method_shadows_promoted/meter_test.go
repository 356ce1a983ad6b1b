package y6testfilemethodshadowspromoted

import "testing"

// Size is Reading's own Size under test: it indexes.
func (r Reading) Size() int { return r.sizes[3] }

func TestSizeReleasesLock(t *testing.T) {
	m := &Meter{}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Size did not panic")
			}
		}()
		m.Size()
	}()
	if !m.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	m.mu.Unlock()
}
