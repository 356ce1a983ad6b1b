package r3d8receiverchangedthroughpointertakenbeforedefer

import "sync"

type Shard struct {
	mu sync.Mutex
	n  int
}

// Move works on s under its lock, then points s at next; the deferred Unlock
// was bound to the shard locked at the defer.
func Move(s *Shard, next *Shard) {
	cur := &s
	s.mu.Lock()
	defer s.mu.Unlock()
	*cur = next
}
