package y2callershadowspredeclaredresulttype

import (
	"testing"

	"safeproofs/y2_caller_shadows_predeclared_result_type/names"
)

func TestFourthReleasesLock(t *testing.T) {
	tb := &Table{rows: string{}}
	if got := tb.Fourth([]names.Name{"abcd"}); got != 'd' {
		t.Fatalf("Fourth = %q", got)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Fourth did not panic on an empty name")
			}
		}()
		tb.Fourth(nil)
	}()
	if !tb.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	tb.mu.Unlock()
}
