package c7dr007callerframe

import (
	"strings"
	"testing"
)

func TestWorkLogsFromTheClosure(t *testing.T) {
	caller = ""
	if Work(1) != 2 {
		t.Fatal("Work")
	}
	if !strings.HasSuffix(caller, ".Work.func1") {
		t.Fatalf("logit's caller is %q, want the deferred closure Work.func1", caller)
	}
}
