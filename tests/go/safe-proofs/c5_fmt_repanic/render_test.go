package c5fmtrepanic

import "testing"

type badErr struct{}

func (badErr) Error() string { panic("Error panics too") }

type label struct{}

// String panics with a value whose Error method panics: fmt re-panics.
func (label) String() string { panic(badErr{}) }

func TestRenderPanicReleasesLock(t *testing.T) {
	var b Board
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Render(label{}) did not panic")
			}
		}()
		b.Render(label{})
	}()
	if !b.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Render")
	}
	b.mu.Unlock()
	if got := b.Render(42); got != "42" {
		t.Fatalf("Render(42) = %q", got)
	}
}
