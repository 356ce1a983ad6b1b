package buf

// Size is Outer's own method only on windows (the file name says so).
func (o Outer) Size() int { return o.N }
