package r3d11unlockparenthesizedrecover

import "testing"

func TestCheckContainsPanic(t *testing.T) {
	s := &S{n: -1}
	var escaped any
	func() {
		defer func() { escaped = recover() }()
		s.Check()
	}()
	if escaped != nil || s.g.caught != "negative" {
		t.Fatalf("the deferred Unlock should stop the panic: escaped=%v caught=%v", escaped, s.g.caught)
	}
}
