package r3d6flagnamedresulttx

import (
	"database/sql"
	"testing"
)

func TestFailedBeginRollsBack(t *testing.T) {
	db, err := sql.Open("counting", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var panicked any
	func() {
		defer func() { panicked = recover() }()
		Begin(db, true)
	}()
	if panicked != nil {
		t.Fatalf("Begin panicked: %v", panicked)
	}
	if rollbacks.Load() != 1 {
		t.Fatalf("rollbacks = %d, want 1", rollbacks.Load())
	}
}
