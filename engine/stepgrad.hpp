// The whole engine in one include.
#pragma once

#include "dot.hpp"
#include "error.hpp"
#include "files.hpp"
#include "gradcheck.hpp"
#include "graph.hpp"
#include "nn.hpp"
#include "ops.hpp"
#include "optim.hpp"
#include "random.hpp"
#include "render.hpp"
#include "shape.hpp"
#include "tensor.hpp"
#include "trace.hpp"
#include "trace_sinks.hpp"
