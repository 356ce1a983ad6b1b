package buf

import "testing"

// Size is Outer's own method only when this package's tests are built.
func (o Outer) Size() int { return o.N }

func TestOwnSize(t *testing.T) {
	if (Outer{N: 2}).Size() != 2 {
		t.Fatal("Size")
	}
}
