package r2c6govaluereceivernil

import "sync"

type Job struct{ id int }

func (j Job) Run() {}

type Pool struct {
	mu      sync.Mutex
	started int
}

// Start runs j in the background.
func (p *Pool) Start(j *Job) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.started++
	go j.Run()
}
