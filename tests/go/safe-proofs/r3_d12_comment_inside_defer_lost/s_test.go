package r3d12commentinsidedeferlost

import "testing"

func TestGet(t *testing.T) {
	if (&S{n: 2}).Get() != 2 {
		t.Fatal("Get")
	}
}
