package r3d7flagtxpointertakenbeforedefer

import (
	"database/sql"
	"testing"
)

func TestFailedRunRollsBack(t *testing.T) {
	db, err := sql.Open("counting", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var panicked any
	func() {
		defer func() { panicked = recover() }()
		Run(db, true)
	}()
	if panicked != nil {
		t.Fatalf("Run panicked: %v", panicked)
	}
	if rollbacks.Load() != 1 {
		t.Fatalf("rollbacks = %d, want 1", rollbacks.Load())
	}
}
