module safeproofs

go 1.22
