package deferbench

import "testing"

// Each benchmark compares the defer form with the explicit form in one regime.
// The explicit forms are what go-defer-rewriter (or a person) would write.

func BenchmarkUnlock(b *testing.B) {
	var c Counter
	b.Run("open-coded/defer", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Sink += c.IncDeferOpen()
		}
	})
	b.Run("open-coded/explicit", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Sink += c.IncExplicitOpen()
		}
	})
	b.Run("stack/defer", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Sink += c.IncDeferStack(i)
		}
	})
	b.Run("stack/explicit", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Sink += c.IncExplicitStack(i)
		}
	})
	b.Run("heap/defer", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			Sink += c.IncDeferHeap(1)
		}
	})
	b.Run("heap/explicit", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			Sink += c.IncExplicitHeap(1)
		}
	})
}

// BenchmarkRollback runs the commit path (fail=false), the common one.
func BenchmarkRollback(b *testing.B) {
	var tx Tx
	one := []*Tx{&tx}
	reset := func() { tx = Tx{} }
	cases := []struct {
		name string
		run  func(i int) error
	}{
		{"open-coded/defer", func(int) error { return TxDeferOpen(&tx, false) }},
		{"open-coded/defer+flag", func(int) error { return TxFlagOpen(&tx, false) }},
		{"open-coded/if-err", func(int) error { return TxIfErrOpen(&tx, false) }},
		{"stack/defer", func(i int) error { return TxDeferStack(&tx, false, i) }},
		{"stack/defer+flag", func(i int) error { return TxFlagStack(&tx, false, i) }},
		{"stack/if-err", func(i int) error { return TxIfErrStack(&tx, false, i) }},
		{"heap/defer", func(int) error { return TxDeferHeap(one, false) }},
		{"heap/defer+flag", func(int) error { return TxFlagHeap(one, false) }},
		{"heap/if-err", func(int) error { return TxIfErrHeap(one, false) }},
	}
	for _, c := range cases {
		c := c
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				reset()
				if err := c.run(i); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkInlining(b *testing.B) {
	var g Gate
	b.Run("blocked-by-defer", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Sink += g.GetDefer()
		}
	})
	b.Run("inlined-explicit", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			Sink += g.GetExplicit()
		}
	})
}

// The forms must do the same thing: same results, same transaction state.
func TestFormsAgree(t *testing.T) {
	var a, b Counter
	for i := 0; i < 40; i++ {
		if x, y := a.IncDeferStack(i), b.IncExplicitStack(i); x != y {
			t.Fatalf("stack: %d != %d", x, y)
		}
		if x, y := a.IncDeferOpen(), b.IncExplicitOpen(); x != y {
			t.Fatalf("open: %d != %d", x, y)
		}
		if x, y := a.IncDeferHeap(1), b.IncExplicitHeap(1); x != y {
			t.Fatalf("heap: %d != %d", x, y)
		}
	}
	for _, fail := range []bool{false, true} {
		forms := map[string]func(tx *Tx) error{
			"defer-open":  func(tx *Tx) error { return TxDeferOpen(tx, fail) },
			"flag-open":   func(tx *Tx) error { return TxFlagOpen(tx, fail) },
			"iferr-open":  func(tx *Tx) error { return TxIfErrOpen(tx, fail) },
			"defer-stack": func(tx *Tx) error { return TxDeferStack(tx, fail, 3) },
			"flag-stack":  func(tx *Tx) error { return TxFlagStack(tx, fail, 3) },
			"iferr-stack": func(tx *Tx) error { return TxIfErrStack(tx, fail, 3) },
			"defer-heap":  func(tx *Tx) error { return TxDeferHeap([]*Tx{tx}, fail) },
			"flag-heap":   func(tx *Tx) error { return TxFlagHeap([]*Tx{tx}, fail) },
			"iferr-heap":  func(tx *Tx) error { return TxIfErrHeap([]*Tx{tx}, fail) },
		}
		for name, f := range forms {
			var tx Tx
			err := f(&tx)
			if (err != nil) != fail || !tx.done || (tx.writes == 1) == fail {
				t.Errorf("%s fail=%v: err=%v tx=%+v", name, fail, err, tx)
			}
		}
	}
	var g Gate
	g.v = 7
	if g.GetDefer() != g.GetExplicit() || g.busy.Load() {
		t.Fatal("gate forms differ")
	}
}
