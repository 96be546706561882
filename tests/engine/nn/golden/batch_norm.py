# Golden numbers for tests/engine/nn/test_batch_norm.cpp, from PyTorch 1.13
# (float64): BatchNorm1d(3, momentum=0.1, eps=1e-5) with γ and β set by hand,
# one training forward/backward, running statistics after three training
# batches, and an eval forward. Run: /usr/bin/python3 batch_norm.py
import torch

torch.set_printoptions(precision=17)
dt = torch.float64
bn = torch.nn.BatchNorm1d(3, momentum=0.1, eps=1e-5).to(dt)
with torch.no_grad():
    bn.weight.copy_(torch.tensor([1.5, -0.5, 2.0], dtype=dt))
    bn.bias.copy_(torch.tensor([0.1, 0.2, -0.3], dtype=dt))

X1 = torch.tensor([[1.0, -2.0, 0.5], [2.0, 0.0, 1.5], [4.0, 1.0, -0.5], [-1.0, 3.0, 2.5]], dtype=dt, requires_grad=True)
X2 = torch.tensor([[0.3, 0.7, -1.2], [1.1, -0.4, 0.8], [2.5, 1.9, 0.1]], dtype=dt)
X3 = torch.tensor([[-0.5, 2.0, 1.0], [0.0, 1.0, 3.0], [1.5, -1.0, 0.5], [2.0, 0.5, -2.0], [1.0, 1.0, 1.0]], dtype=dt)
dY = torch.tensor([[0.2, -0.1, 0.4], [-0.3, 0.5, 0.1], [0.7, 0.2, -0.6], [0.1, -0.4, 0.3]], dtype=dt)

bn.train()
Y1 = bn(X1)
Y1.backward(dY)
bn(X2)
bn(X3)
bn.eval()
Xe = torch.tensor([[0.5, 0.5, 0.5], [1.0, -1.0, 2.0]], dtype=dt)
Ye = bn(Xe)

def show(name, t):
    rows = t.detach().reshape(-1, t.shape[-1]).tolist()
    print(f"// {name}")
    print(",\n".join(", ".join(f"{v:.17g}" for v in r) for r in rows) + ";")

show("Y1 = bn(X1) in train mode", Y1)
show("dX1", X1.grad)
show("dgamma", bn.weight.grad)
show("dbeta", bn.bias.grad)
show("running_mean after X1, X2, X3", bn.running_mean)
show("running_var after X1, X2, X3", bn.running_var)
show("Ye = bn(Xe) in eval mode", Ye)
