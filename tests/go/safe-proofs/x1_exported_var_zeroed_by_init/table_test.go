package x1exportedvarzeroedbyinit

import "testing"

func TestPutReleasesLock(t *testing.T) {
	tb := &Table{}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Put did not panic (config sets helper.Buckets to 0)")
			}
		}()
		tb.Put(7)
	}()
	if !tb.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	tb.mu.Unlock()
}
