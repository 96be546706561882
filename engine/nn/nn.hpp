// Everything in engine/nn: Module, the layers, Sequential, initialisers and
// summary(). See docs/engine/nn.md.
#pragma once

#include "engine/nn/activations.hpp"
#include "engine/nn/init.hpp"
#include "engine/nn/linear.hpp"
#include "engine/nn/module.hpp"
#include "engine/nn/regularization.hpp"
#include "engine/nn/sequential.hpp"
#include "engine/nn/summary.hpp"
