package r3d9dr007argwrittenbymethodvalue

type Pair struct{ a [2]int }

var kept Pair

func keep(p Pair) { kept = p }

func (p *Pair) Set(v int) { p.a[0] = v }

// Fill records p when it returns: the closure reads p at the exit, after the
// method value p.Set (which took &p) wrote it.
func Fill(v int) {
	p := Pair{}
	defer func() { keep(p) }()
	set := p.Set
	set(v)
}
