package ctldr007constarg

import "testing"

func TestRunRecords(t *testing.T) {
	recorded = nil
	if Run(3) != 6 {
		t.Fatal("Run")
	}
	if len(recorded) != 1 || recorded[0] != [2]int{10, 3} {
		t.Fatalf("recorded %v", recorded)
	}
}
