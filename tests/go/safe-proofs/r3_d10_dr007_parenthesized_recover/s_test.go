package r3d10dr007parenthesizedrecover

import "testing"

func TestWorkPanicReachesCaller(t *testing.T) {
	var got any
	func() {
		defer func() { got = recover() }()
		Work()
	}()
	if got != "boom" {
		t.Fatalf("the panic did not reach the caller (recovered: %v; note saw %v)", got, seen)
	}
}
