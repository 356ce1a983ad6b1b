package c1shadowconstshift

import "testing"

func TestBitPanicReleasesLock(t *testing.T) {
	var m Mask
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Bit with bits 0 did not panic")
			}
		}()
		m.Bit()
	}()
	if !m.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Bit")
	}
	m.mu.Unlock()
	m.bits = 3
	if got := m.Bit(); got != 4 {
		t.Fatalf("Bit() = %d, want 4", got)
	}
	if Eight() != 8 {
		t.Fatal("Eight")
	}
}
