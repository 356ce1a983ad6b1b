package y8chanprefixedtypenameisnochan

import (
	"testing"

	"safeproofs/y8_chan_prefixed_type_name_is_no_chan/topic"
)

func TestSettledReleasesLock(t *testing.T) {
	f := &Feed{t: topic.New([]int{1})}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Settled did not panic")
			}
		}()
		f.Settled()
	}()
	if !f.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	f.mu.Unlock()
}
