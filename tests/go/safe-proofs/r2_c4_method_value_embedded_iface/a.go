package r2c4methodvalueembeddediface

import "sync"

type Namer interface{ Name() string }

type Box struct {
	Namer
	n int
}

type Reg struct {
	mu sync.Mutex
	fn func() string
}

func (r *Reg) Keep(b Box) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fn = b.Name
}
