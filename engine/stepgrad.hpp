// The whole engine in one include, folder by folder in dependency order.
#pragma once

#include "engine/core/error.hpp"
#include "engine/core/files.hpp"
#include "engine/core/finite.hpp"
#include "engine/core/memory.hpp"
#include "engine/core/random.hpp"
#include "engine/core/shape.hpp"
#include "engine/core/workers.hpp"

#include "engine/autograd/tensor.hpp"

#include "engine/ops/ops.hpp"

#include "engine/trace/record.hpp"
#include "engine/trace/sinks.hpp"
#include "engine/trace/trace.hpp"

#include "engine/diagram/dot.hpp"
#include "engine/diagram/render.hpp"

#include "engine/gradcheck/gradcheck.hpp"

#include "engine/nn/nn.hpp"

#include "engine/optim/adam.hpp"
#include "engine/optim/adaptive.hpp"
#include "engine/optim/optimizer.hpp"
#include "engine/optim/schedule.hpp"
#include "engine/optim/sgd.hpp"

#include "engine/data/csv.hpp"
#include "engine/data/dataset.hpp"
#include "engine/data/fashion_mnist.hpp"
#include "engine/data/idx.hpp"
#include "engine/data/loader.hpp"
#include "engine/data/scaling.hpp"
#include "engine/data/split.hpp"
#include "engine/data/synthetic.hpp"

#include "engine/train/anomaly.hpp"
#include "engine/train/callbacks.hpp"
#include "engine/train/checkpoint.hpp"
#include "engine/train/fit.hpp"
#include "engine/train/health.hpp"
#include "engine/train/losses.hpp"
#include "engine/train/metrics.hpp"
#include "engine/train/progress.hpp"
#include "engine/train/state.hpp"
