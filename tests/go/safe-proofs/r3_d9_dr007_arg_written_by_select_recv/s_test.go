package r3d9dr007argwrittenbyselectrecv

import "testing"

func TestRecv(t *testing.T) {
	ch := make(chan int, 1)
	ch <- 42
	Recv(ch)
	if kept[0] != 42 {
		t.Fatalf("kept = %v, want [42 0]", kept)
	}
}
