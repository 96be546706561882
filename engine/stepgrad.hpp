// The whole engine in one include, folder by folder in dependency order.
#pragma once

#include "engine/core/error.hpp"
#include "engine/core/files.hpp"
#include "engine/core/random.hpp"
#include "engine/core/shape.hpp"

#include "engine/autograd/tensor.hpp"

#include "engine/ops/ops.hpp"

#include "engine/trace/record.hpp"
#include "engine/trace/sinks.hpp"
#include "engine/trace/trace.hpp"

#include "engine/diagram/dot.hpp"
#include "engine/diagram/render.hpp"

#include "engine/gradcheck/gradcheck.hpp"

#include "engine/nn/linear.hpp"

#include "engine/optim/sgd.hpp"
