package c7txrollbacknotnoop

import "testing"

func TestDryRunLeavesNothing(t *testing.T) {
	tx := &Tx{}
	if err := DryRun(tx, 2); err != nil {
		t.Fatal(err)
	}
	if len(tx.applied) != 0 {
		t.Fatalf("after DryRun the transaction applied %v, want nothing: the deferred Rollback reverts the Commit", tx.applied)
	}
	if DryRun(nil, 1) != ErrNoTx {
		t.Fatal("DryRun(nil)")
	}
}
