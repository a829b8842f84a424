/**
 * The pure components' settings, read from the configuration: risk limits, portfolio rules and
 * the strategy shard's options. Every shape (one process, services, benchmarks) builds them here.
 */
import type { Config } from '../config/schema.js';
import { type Micros, PPM } from '../core/money.js';
import type { PortfolioRuleLimits } from '../risk/portfolio-rules.js';
import type { RiskLimits } from '../risk/pre-trade.js';
import type { WinProbabilityModels } from '../sports/models.js';
import type { EdgeShardOptions } from '../strategy/edge-shard.js';

/** Limits from the configuration; the exposure caps that have no variable of their own are derived. */
export function riskLimitsFrom(config: Config): RiskLimits {
  return {
    maxPositionSize: config.MAX_POSITION_SIZE,
    maxDailyLoss: config.MAX_DAILY_LOSS,
    minEdgePpm: Math.round((config.MIN_EDGE_PCT / 100) * PPM),
    kellyFraction: config.KELLY_FRACTION,
    maxSimultaneousPositions: config.MAX_SIMULTANEOUS_POSITIONS,
    priceStalenessMs: config.PRICE_STALENESS_TTL * 1000,
    syncToleranceMs: config.SYNC_DELTA_TOLERANCE * 1000,
    // Both venues' positions on one game together: two full positions.
    maxGameExposure: (config.MAX_POSITION_SIZE * 2) as Micros,
    // No more than half the bankroll tied up at one venue.
    maxVenueExposure: Math.floor(config.ARBEES_BANKROLL / 2) as Micros,
    tradeableFraction: config.TRADEABLE_FRACTION,
    costGateBuffer: config.COST_GATE_BUFFER_PCT / 100,
    // The live ramp applies to live trading only.
    maxOrderCost: null,
  };
}

export function portfolioRulesFrom(config: Config): PortfolioRuleLimits {
  return {
    maxDailyLoss: config.MAX_DAILY_LOSS,
    maxDailyLossPct: config.MAX_DAILY_LOSS_PCT / 100,
    maxDrawdownPct: config.MAX_DRAWDOWN_PCT / 100,
    maxTotalLossPct: config.MAX_TOTAL_LOSS_PCT / 100,
    startingBankroll: config.ARBEES_BANKROLL,
    maxConsecutiveErrors: config.MAX_CONSECUTIVE_ERRORS,
  };
}

export function shardOptionsFrom(
  config: Config,
  models: WinProbabilityModels,
  shardId: string,
): EdgeShardOptions {
  const limits = riskLimitsFrom(config);
  return {
    models,
    settings: {
      minEdgePpm: limits.minEdgePpm,
      priceStalenessMs: limits.priceStalenessMs,
      syncToleranceMs: limits.syncToleranceMs,
    },
    exits: {
      exitEdgePpm: Math.round((config.EXIT_EDGE_PCT / 100) * PPM),
      takeProfitPct: config.TAKE_PROFIT_PCT,
      stopLossPct: config.STOP_LOSS_PCT,
      maxHoldMs: config.MAX_HOLD_SECONDS === null ? null : config.MAX_HOLD_SECONDS * 1000,
      maxExitSlippage: config.MAX_EXIT_SLIPPAGE,
    },
    minArbEdgePpm: config.ARBITRAGE ? Math.round((config.MIN_ARB_EDGE_PCT / 100) * PPM) : null,
    arbSettlementPolicy: config.ARB_ACCEPT_POSTPONEMENT_RISK ? 'accept_postponement_risk' : 'strict',
    shardId,
  };
}
