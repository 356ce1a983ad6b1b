package c1dr007capturedlocal

import "testing"

func TestRunRecordsValueAtExit(t *testing.T) {
	recorded = nil
	Run(1)
	Const()
	if len(recorded) != 2 || recorded[0] != 6 || recorded[1] != 10 {
		t.Fatalf("recorded %v, want [6 10] (the captured local read when step returns)", recorded)
	}
}
