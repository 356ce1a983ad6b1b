package r2c6gonilinterface

import "sync"

type Runner interface{ Run() }

type Pool struct {
	mu      sync.Mutex
	started int
}

// Start runs r in the background.
func (p *Pool) Start(r Runner) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.started++
	go r.Run()
}
