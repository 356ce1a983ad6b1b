package x18samepkgnametwodirs

import "testing"

func TestHeaderReleasesLock(t *testing.T) {
	c := &Cache{}
	if c.Count() != 0 {
		t.Fatal("Count")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Header did not panic")
			}
		}()
		c.Header()
	}()
	if !c.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	c.mu.Unlock()
}
