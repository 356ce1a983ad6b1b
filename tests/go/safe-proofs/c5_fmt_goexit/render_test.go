package c5fmtgoexit

import (
	"runtime"
	"testing"
)

type quitter struct{}

func (quitter) String() string {
	runtime.Goexit()
	return ""
}

func TestRenderGoexitReleasesLock(t *testing.T) {
	var b Board
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.Render(quitter{})
	}()
	<-done
	if !b.mu.TryLock() {
		t.Fatal("the mutex is still locked after Render's goroutine called runtime.Goexit")
	}
	b.mu.Unlock()
	if got := b.Render(7); got != "7" {
		t.Fatalf("Render(7) = %q", got)
	}
}
